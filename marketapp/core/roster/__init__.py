"""Reading the village rosters townships really have (CSV in any Chinese encoding, XLSX with
title rows and merged cells) and importing them in one transaction.
"""
