"""The public display (F8) and its voice: the board on the TV and the calls said aloud by a
worker process.
"""
