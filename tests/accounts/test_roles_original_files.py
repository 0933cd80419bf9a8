"""ORIGINAL_FILES_FOR decides who downloads original files: the file route answers 403 to the others,
the letter page shows them no link and the API no address."""

from __future__ import annotations

import pytest

from accounts.roles import ensure_roles
from tests.accounts.callers import CALLERS, get

pytestmark = pytest.mark.integration

# anonymous, member, staff, superuser, inactive, read token, write token (tokens never open files)
FILE_STATUS = {
    "members": (302, 200, 200, 200, 302, 302, 302),
    "staff": (302, 403, 200, 200, 302, 302, 302),
    "none": (302, 403, 403, 200, 302, 302, 302),
}
MAY = {"members": {"member", "staff", "super"}, "staff": {"staff", "super"}, "none": {"super"}}


@pytest.mark.parametrize("setting", sorted(FILE_STATUS))
def test_original_files_for(world, settings, setting: str) -> None:
    settings.ORIGINAL_FILES_FOR = setting
    ensure_roles()  # what migrate does after a deployment changes the setting
    original = "/letters/<str:case_number>/original"
    got = tuple(get(world, caller, original).status_code for caller in CALLERS)
    assert dict(zip(CALLERS, got, strict=True)) == dict(zip(CALLERS, FILE_STATUS[setting], strict=True))
    for caller in ("member", "staff", "super"):
        page = get(world, caller, "/letters/<str:case_number>/").content.decode()
        assert ("Download original file" in page) == (caller in MAY[setting]), caller
        api = get(world, caller, "/api/letters/<case_number>").json()
        assert (api["original_file_url"] is not None) == (caller in MAY[setting]), caller
    token_view = get(world, "read", "/api/letters/<case_number>").json()  # a member's token
    assert (token_view["original_file_url"] is not None) == ("member" in MAY[setting])
