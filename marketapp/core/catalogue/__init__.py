"""The service catalogue (服务项目): what stalls a market can open, what each one records, the
checks on those records (outcomes), and the township's edited copy.
"""
