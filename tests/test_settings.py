from marketapp.core.settings import device_id, get_setting, set_setting
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
