"""Words shared by every layer: SeekrFlow text made safe, and the phrases the results are written in."""
