"""A device's name from its browser's User-Agent: what the laptop's list shows, so staff can
tell the barber's phone from the doctor's tablet ("Android 13 · SM-A135F · 微信")."""

from __future__ import annotations

import re

MAX_LENGTH = 40
_ANDROID = re.compile(r"Android\s+([0-9.]+)(?:;\s*([^;)]+))?")
_IOS = re.compile(r"\((iPhone|iPad|iPod)")
_BROWSERS = (("MicroMessenger", "微信"), ("EdgA", "Edge"), ("Edg/", "Edge"),
             ("HuaweiBrowser", "华为浏览器"), ("MiuiBrowser", "小米浏览器"),
             ("UCBrowser", "UC"), ("QQBrowser", "QQ浏览器"), ("Firefox", "Firefox"),
             ("CriOS", "Chrome"), ("Chrome", "Chrome"), ("Safari", "Safari"))
_SYSTEMS = (("Windows", "Windows"), ("Macintosh", "Mac"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))


def device_name(user_agent: str | None) -> str:
    """Short and readable; never more than ``MAX_LENGTH`` characters."""
    agent = (user_agent or "").strip()
    if not agent:
        return "浏览器"
    parts: list[str] = []
    if match := _ANDROID.search(agent):
        parts.append(f"Android {match.group(1).split('.')[0]}")
        model = (match.group(2) or "").strip()
        if model and model not in ("K", "wv") and not model.startswith(("Build", "zh-", "en-")):
            parts.append(model.split(" Build")[0][:16])
    elif match := _IOS.search(agent):
        parts.append(match.group(1))
    else:
        parts.append(next((name for key, name in _SYSTEMS if key in agent), "浏览器"))
    browser = next((name for key, name in _BROWSERS if key in agent), None)
    if browser:
        parts.append(browser)
    name = " · ".join(parts)
    return name[:MAX_LENGTH]
