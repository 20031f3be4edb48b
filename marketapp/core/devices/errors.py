"""Refusals of pairing and of stall-device commands (shown on the phone, in Chinese)."""

from __future__ import annotations

from marketapp.core.errors import UserError


class DeviceError(UserError):
    messages = {
        "no_open_market": ("{day} 没有正在进行的集市，不能配对摊位设备。",
                           "There is no open market on {day}; no device can be paired."),
        "no_open_market_at": ("{village} {day} 没有正在进行的集市，不能配对摊位设备。",
                              "There is no open market at {village} on {day}; no device can "
                              "be paired."),
        "no_such_stall": ("这场集市没有 {letter} 摊位。可选：{letters}。",
                          "This market has no stall {letter}. Stalls: {letters}."),
        "bad_counter": ("{stall}只有 {counters} 个窗口，没有 {counter} 号窗口。",
                        "{stall} has {counters} counter(s); there is no counter {counter}."),
        "pair_scope": ("请指定一个摊位，或选择公共显示屏。",
                       "Choose one stall, or the public display."),
        "code_unknown": ("这个配对码无效。请在电脑上重新生成二维码再扫。",
                         "This pairing code is not valid. Make a new QR code on the laptop "
                         "and scan it again."),
        "code_used": ("这个配对码已经用过了（每个二维码只能配对一台设备）。请在电脑上重新生成二维码。",
                      "This pairing code has been used (one device per QR code). Make a new "
                      "one on the laptop."),
        "code_expired": ("这个配对码已过期（10 分钟内有效）。请在电脑上重新生成二维码。",
                         "This pairing code has expired (it is valid for 10 minutes). Make a "
                         "new one on the laptop."),
        "code_revoked": ("这个配对码已作废。请在电脑上重新生成二维码。",
                         "This pairing code was withdrawn. Make a new one on the laptop."),
        "day_closed": ("这场集市已收市，摊位设备的配对已结束。",
                       "This market is closed; its devices' pairings have ended."),
        "not_paired": ("这台设备还没有配对，或配对已失效。请扫描电脑上的摊位二维码。",
                       "This device is not paired, or its pairing is no longer valid. Scan "
                       "the stall's QR code on the laptop."),
        "revoked": ("这台设备的配对已被电脑撤销。如需继续使用，请重新扫码配对。",
                    "The laptop revoked this device's pairing. Scan a new QR code to carry "
                    "on."),
        "no_such_device": ("找不到设备“{device}”。请用 marketapp devices list 查看编号。",
                           "No device “{device}”. See the numbers with marketapp devices list."),
        "ambiguous_device": ("设备编号“{device}”不止一台，请多写几位。",
                             "More than one device starts with “{device}”; give more of it."),
        "wrong_scope": ("这台设备配对的是{scope_zh}，不能做这件事。",
                        "This device is paired to the {scope_en}; it cannot do this."),
        "bad_request_id": ("请求编号无效（应为 8–64 位字母、数字、- 或 _）。",
                           "The request id is not valid (8–64 letters, digits, - or _)."),
        "choose_counter": ("请先选择本设备的窗口号。", "Choose this device's counter first."),
        "counter_busy": ("{label} 仍在本窗口：请先办结，或标为“不在场”。",
                         "{label} is still at this counter: finish it, or mark it “Not "
                         "here”, first."),
        "nobody_waiting": ("现在没有可以叫号的等候者。", "Nobody is waiting who can be called now."),
        "nobody_here": ("本窗口现在没有人。请先叫号。",
                        "Nobody is at this counter. Call someone first."),
        "not_serving": ("{label} 还没有开始办理：村民到了请先按“已到”。",
                        "{label} is not being served yet: press “Arrived” when the villager "
                        "is here."),
        "nobody_to_raise_for": ("本窗口现在没有人，也没有刚办结的村民，无法登记诉求。",
                                "Nobody is at this counter and nobody was just served here: "
                                "there is no one to raise a request for."),
        "not_this_stall": ("这条服务记录不是本摊位的，不能在这里评价。",
                           "This visit was not at this stall; it cannot be rated here."),
        "bad_level": ("评价应为 1–5（5 = 非常满意，1 = 非常不满意），或不评价。",
                      "A rating is 1–5 (5 = very satisfied, 1 = very dissatisfied), or none."),
        "bad_input": ("“{field}”的内容无效。", "The value of “{field}” is not valid."),
    }
