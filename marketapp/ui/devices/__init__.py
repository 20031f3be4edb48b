"""Stall devices (摊位设备, 设置 → 摊位设备 and the 排队 page's button): the app's own server
for the market square, the pairing QR codes, the paired devices, and the news both ways
between the hub and the desktop's pages.
"""
