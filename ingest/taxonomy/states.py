"""US state (and territory) names and codes -> two-letter postal codes."""

from __future__ import annotations

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam",
    "VI": "U.S. Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
}  # fmt: skip

_EXTRA: dict[str, str] = {
    "washington dc": "DC", "washington d.c.": "DC", "d.c.": "DC",
    "virgin islands": "VI", "us virgin islands": "VI", "calif": "CA", "calif.": "CA",
    "cal.": "CA", "mass.": "MA", "penn.": "PA", "wash.": "WA", "ariz.": "AZ",
    "colo.": "CO", "fla.": "FL", "ill.": "IL", "tex.": "TX", "n.y.": "NY",
}  # fmt: skip

_LOOKUP: dict[str, str] = {}
for _code, _name in STATES.items():
    _LOOKUP[_code.lower()] = _code
    _LOOKUP[_name.lower()] = _code
_LOOKUP.update(_EXTRA)


def state_code(name: str) -> str | None:
    """Two-letter code for a state name or code ("California", "ca", "N.Y."), or None."""
    key = " ".join(name.strip().strip(",;").split()).lower()
    if key.startswith("state of "):
        key = key[9:]
    return _LOOKUP.get(key)
