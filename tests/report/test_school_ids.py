"""A school's list read into Discord names → school ids (pure)."""

import pytest

from bot.errors import UserError
from bot.i18n import ENGLISH
from bot.report.model import SchoolId
from bot.report.school_ids import read_school_ids


def test_semicolons_a_byte_order_mark_and_the_columns_a_school_names_its_way():
    data = "\ufeffDiscord;Student ID;E-mail\n@alice;S-1;a@x.org\nbob;;b@x.org\n;S-3;\nchen;;\n".encode()
    assert read_school_ids(data) == {"alice": SchoolId("S-1", "a@x.org"), "bob": SchoolId(None, "b@x.org")}


def test_commas_and_an_email_column_alone():
    assert read_school_ids(b"username,email\r\n123456789012345678,z@x.org\r\n") == {
        "123456789012345678": SchoolId(None, "z@x.org")
    }


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (b"name;grade\nalice;9\n", "I need a column"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"x" * (256 * 1024 + 1), "larger than 256 KB"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data, why):
    with pytest.raises(UserError) as caught:
        read_school_ids(data)
    assert caught.value.text is not None
    assert why in ENGLISH.render(caught.value.text)
