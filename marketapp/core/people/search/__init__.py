"""Finding a returning villager in a few keystrokes: the search keys (name substrings, pinyin
and initials, ID and phone tails) kept in a key table, and the query over them.
"""
