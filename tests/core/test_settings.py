import os
import platform
import shutil

import pytest

from marketapp.core.queue.rules import QueueError
from marketapp.core.settings import choose_desk, copied_desk, device_id, get_setting, set_setting
from marketapp.store.database import open_database


def test_defaults_then_stored_values(db):
    assert get_setting(db, "priority_age") == 80
    set_setting(db, "priority_age", 75)
    set_setting(db, "township", "城南乡")
    assert get_setting(db, "priority_age") == 75
    assert get_setting(db, "township") == "城南乡"


def test_device_id_is_stable_for_a_data_file(db_path):
    first = open_database(db_path)
    value = device_id(first)
    first.close()
    again = open_database(db_path)
    assert device_id(again) == value


# ----------------------------------------------------------------------------- copied files


def _copy(db_path, tmp_path, name="copy.db"):
    """A data file copied to another place, as a person copies it to a second laptop."""
    db = open_database(db_path)
    original = device_id(db)
    set_setting(db, "desk_count", 2)
    db.close()  # checkpointed: the .db alone holds everything
    target = tmp_path / "laptop2" / name
    target.parent.mkdir()
    shutil.copy(db_path, target)
    return original, target


def test_a_copied_file_starts_its_own_device_and_keeps_the_old_one_in_its_history(
        db_path, tmp_path):
    original, copy = _copy(db_path, tmp_path)
    second = open_database(copy)
    new = device_id(second)
    assert new != original
    history = get_setting(second, "device_history")
    assert [h["device_id"] for h in history] == [original]
    assert history[0]["home"].endswith(str(db_path.resolve()))
    second.close()
    assert device_id(again := open_database(copy)) == new  # stable from now on
    again.close()
    first = open_database(db_path)
    assert device_id(first) == original and copied_desk(first) is None


def test_the_copy_warns_of_its_copied_desk_until_a_person_picks_one(db_path, tmp_path):
    _, copy = _copy(db_path, tmp_path)
    db = open_database(copy)
    warning = copied_desk(db)
    assert warning is not None and (warning.desk_slot, warning.desk_count) == (1, 2)
    assert warning.path == os.path.normcase(os.path.realpath(db_path))
    assert warning.machine == platform.node()
    with pytest.raises(QueueError, match="第 3 台，共 2 台"):
        choose_desk(db, 3, 2)
    assert copied_desk(db) is not None and get_setting(db, "desk_slot") == 1
    choose_desk(db, 2, 2)
    assert copied_desk(db) is None
    assert (get_setting(db, "desk_slot"), get_setting(db, "desk_count")) == (2, 2)


def test_the_same_file_on_another_machine_is_another_device(db_path, monkeypatch):
    db = open_database(db_path)
    original = device_id(db)
    db.close()
    monkeypatch.setattr(platform, "node", lambda: "another-laptop")
    moved = open_database(db_path)
    assert device_id(moved) != original and copied_desk(moved) is not None


def test_a_file_from_before_homes_were_recorded_keeps_its_device(db_path):
    db = open_database(db_path)
    original = device_id(db)
    db.execute("DELETE FROM settings WHERE key = 'device_home'")
    db.conn.commit()
    db.close()
    again = open_database(db_path)
    assert device_id(again) == original and copied_desk(again) is None
    assert get_setting(again, "device_home") is not None


def test_two_connections_to_a_copy_settle_on_one_new_device(db_path, tmp_path):
    original, copy = _copy(db_path, tmp_path)
    ui, worker = open_database(copy), open_database(copy)
    assert device_id(ui) == device_id(worker) != original
    assert len(get_setting(ui, "device_history")) == 1


def test_looking_for_the_warning_writes_nothing(db_path, tmp_path):
    """Opening the app on a copy is not a change (the backup timer backs up changes)."""
    original, copy = _copy(db_path, tmp_path)
    db = open_database(copy)
    before = db.conn.total_changes
    assert copied_desk(db) is not None and db.conn.total_changes == before
    assert get_setting(db, "device_id") == original
    assert device_id(db) != original  # the first write settles the copy's identity
    assert copied_desk(db) is not None


def test_the_township_is_cleaned_and_never_blank(db):
    from marketapp.core.settings import TownshipError, set_township, township

    assert township(db) == ""
    assert set_township(db, "  城南乡 ") == "城南乡" and township(db) == "城南乡"
    for bad, code in (("   ", "empty"), ("乡" * 41, "too_long")):
        with pytest.raises(TownshipError) as refused:
            set_township(db, bad)
        assert refused.value.code == code
    assert township(db) == "城南乡"
