"""The Data menu: back up, check, restore and merge another laptop's file.
"""
