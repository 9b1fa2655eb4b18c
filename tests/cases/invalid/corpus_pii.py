"""Personal data in posts (issue 10, item 6): the patterns a case declares for the M12 scrubber are checked by
`smaa check`, located at the pattern, before any post is read."""

from __future__ import annotations

from make_corpus import case, with_posts_and


@case
def scrub_pattern_syntax(d):
    # an unbalanced parenthesis: reported with re's own reason and position
    with_posts_and(d, "value:\n  scrub_patterns:\n    - {name: member_id, pattern: 'MB-(\\d{6}'}\n"
                      "    - {name: loyalty_card, pattern: 'LC\\d{8}'}\n")


@case
def scrub_pattern_empty_match(d):
    # `*` makes every part optional: the pattern would put a placeholder between every two characters
    with_posts_and(d, "value:\n  scrub_patterns:\n    - {name: member_id, pattern: 'MB-\\d{6}'}\n"
                      "    - {name: badge, pattern: '(B-\\d{4})*'}\n")
