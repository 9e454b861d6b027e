"""The shape of a SeekrFlow id, apart from the models: the logs check ids at start-up, before
anything imports the models (`startup`)."""

# Every id that goes into a URL path must match this: SeekrFlow's ids are a prefix and a
# UUID or hex tail (`dj-…`, `file-…`, `ij-…`), so nothing that could change the path
# (`/`, `.`, `%`, `?`, `#`, whitespace) is ever needed.
RESOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$"
