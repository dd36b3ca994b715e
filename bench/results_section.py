"""Writes one section of bench/RESULTS.md for a bench script, leaving the others as they are.

The section starts with its "## Heading" line. It takes the place of the section with that heading
(which runs up to the next "## " heading, hand-written notes under the table included), or is added
at the end of the file when there is none.
"""
import os


def write_section(results, section):
    heading = section[: section.index("\n") + 1]
    text = open(results).read() if os.path.exists(results) else ""
    section = section.rstrip("\n") + "\n"
    start = ("\n" + text).find("\n" + heading)  # where the heading starts in text, or -1
    if start < 0:
        text = (text.rstrip("\n") + "\n\n" if text else "") + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("\n" + text[end + 1:] if end >= 0 else "")
    with open(results, "w") as out:
        out.write(text)
