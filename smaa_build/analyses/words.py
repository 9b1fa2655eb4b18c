"""Names the analyses print that are smaa's own words, not the case's: facts.py imports nothing, so its English
names are marked here for the `analyses` catalogue (i18n/catalogues.py) and translated where a page prints them."""

from __future__ import annotations

from ..i18n import N_

# facts.MACRO_SECTORS's names (tests/i18n/test_reasons.py keeps the two in step)
MACRO_SECTOR_NAMES = (N_("Primary"), N_("Industry and construction"), N_("Trade, transport and hospitality"),
                      N_("Business services"), N_("Public and other services"))
