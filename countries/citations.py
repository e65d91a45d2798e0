"""How to cite a version of an analysis: OSCOLA and plain text for people, BibTeX, RIS and CSL-JSON for
reference managers, and the pinpoint of one paragraph.

OSCOLA (the Oxford standard UK courts expect) cites a report by a body as
``Organisation, *Title* (version, date) <URL> accessed date``; the accessed date is the reader's
today, as OSCOLA asks for online sources.
"""

import json
import re
from dataclasses import dataclass
from datetime import date

FORMATS = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csl-json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def long_date(value):
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class Citation:
    organisation: str
    title: str
    version: str
    published: date
    current_as_of: date
    url: str  # the version's permalink, absolute
    accessed: date
    authors: tuple = ()  # the experts' names

    @property
    def key(self):
        words = re.sub(r"[^a-z0-9 ]", "", self.title.lower()).split()
        return "-".join([*(words[:3] or ["analysis"]), str(self.published.year), "v" + self.version.replace(".", "-")])

    def oscola(self, pinpoint=None):
        where = f" para {pinpoint}" if pinpoint else ""
        url = f"{self.url}#p-{pinpoint}" if pinpoint else self.url
        return (
            f"{self.organisation}, {self.title} (version {self.version}, {long_date(self.published)}){where} "
            f"<{url}> accessed {long_date(self.accessed)}"
        )

    def plain(self, pinpoint=None):
        where = f", ¶ {pinpoint}" if pinpoint else ""
        url = f"{self.url}#p-{pinpoint}" if pinpoint else self.url
        return (
            f"{self.organisation}. “{self.title}”, version {self.version}{where}. Published "
            f"{long_date(self.published)}; information current as of {long_date(self.current_as_of)}. "
            f"{url} (accessed {long_date(self.accessed)})."
        )

    def bibtex(self):
        def braced(text):
            # BibTeX groups with braces and treats a few characters specially; the title keeps its capitals.
            return re.sub(r"([{}\\&%$#_^~])", r"\\\1", text)

        fields = [
            ("title", "{" + braced(self.title) + "}"),
            ("institution", "{" + braced(self.organisation) + "}"),
            ("type", "Country analysis"),
            ("year", str(self.published.year)),
            ("month", f"{self.published:%b}".lower()),
            ("date", self.published.isoformat()),
            ("version", self.version),
            ("url", self.url),
            ("urldate", self.accessed.isoformat()),
            ("note", f"Information current as of {long_date(self.current_as_of)}"),
        ]
        if self.authors:
            fields.insert(1, ("author", " and ".join(braced(name) for name in self.authors)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@techreport{{{self.key},\n{body}\n}}\n"

    def ris(self):
        lines = [("TY", "RPRT"), ("TI", self.title)]
        lines += [("AU", name) for name in self.authors]
        lines += [
            ("PB", self.organisation),
            ("PY", str(self.published.year)),
            ("DA", f"{self.published:%Y/%m/%d}"),
            ("ET", f"Version {self.version}"),
            ("UR", self.url),
            ("Y2", f"{self.accessed:%Y/%m/%d}"),
            ("N1", f"Information current as of {long_date(self.current_as_of)}"),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)

    def csl(self):
        def parts(value):
            return {"date-parts": [[value.year, value.month, value.day]]}

        item = {
            "id": self.key,
            "type": "report",
            "title": self.title,
            "publisher": self.organisation,
            "genre": "Country analysis",
            "version": self.version,
            "issued": parts(self.published),
            "accessed": parts(self.accessed),
            "URL": self.url,
            "note": f"Information current as of {long_date(self.current_as_of)}",
            "author": [{"literal": name} for name in self.authors] or [{"literal": self.organisation}],
        }
        return [item]

    def render(self, fmt):
        """(text, content type, file extension) of one of FORMATS."""
        content_type, extension = FORMATS[fmt]
        if fmt == "bibtex":
            text = self.bibtex()
        elif fmt == "ris":
            text = self.ris()
        else:
            text = json.dumps(self.csl(), ensure_ascii=False, indent=2)
        return text, content_type, extension
