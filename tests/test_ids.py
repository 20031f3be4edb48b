import uuid

from marketapp.core.ids import new_id


def test_new_ids_are_random_uuids_written_as_uuid_writes_them():
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == text
    # Every variant nibble (8, 9, a, b) turns up: the two random bits are really used.
    assert {text[19] for text in ids} == set("89ab")
