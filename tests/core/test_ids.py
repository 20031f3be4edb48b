import time
import uuid

from marketapp.core.ids import new_id


def test_new_ids_are_unique_time_ordered_uuids_written_as_uuid_writes_them():
    before_ms = time.time_ns() // 1_000_000
    ids = [new_id() for _ in range(2000)]
    after_ms = time.time_ns() // 1_000_000
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == text
        assert before_ms <= parsed.int >> 80 <= after_ms  # the first 48 bits: Unix ms
    # Every variant nibble (8, 9, a, b) turns up: the two random bits are really used.
    assert {text[19] for text in ids} == set("89ab")


def test_ids_made_later_sort_later():
    first = new_id()
    time.sleep(0.002)
    assert new_id() > first
