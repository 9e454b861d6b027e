"""Pure functions, no I/O: SeekrFlow API models in, views out.

`facts` computes a job's facts once; `reads` and `writes` build each tool's view from them;
`suggest` writes every suggested call; `causes` says what a failure means.
"""
