"""The WARC file of one archived URL (ISO 28500, written with warcio): a warcinfo record, then for each
hop of the fetch (redirects first) its response and the request it answered.

WARC is what web archives (the Internet Archive, national libraries) keep and replay, so a copy made
here can be checked and read with their tools years later, whatever becomes of this site.
"""

import datetime
import tempfile

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

# Framing http.client has already removed from the body it hands over; the record's headers must
# describe the payload as stored.
HOP_BY_HOP = {"transfer-encoding"}


def warc_date(moment):
    return datetime_to_iso_date(moment.astimezone(datetime.UTC).replace(tzinfo=None))


def _response_headers(exchange):
    headers = [(name, value) for name, value in exchange.headers if name.lower() not in HOP_BY_HOP]
    if len(headers) != len(exchange.headers) and exchange.body is not None:
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        headers.append(("Content-Length", str(exchange.size)))
    return headers


def write_warc(fetched, *, filename, software, note=""):
    """A gzipped WARC file of ``fetched`` (a temporary file, positioned at its start)."""
    out = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 - the caller closes it
    writer = WARCWriter(out, gzip=True)
    info = {"software": software, "format": "WARC File Format 1.0", "description": note}
    writer.write_record(writer.create_warcinfo_record(filename, info))
    for exchange in fetched.exchanges:
        date = warc_date(exchange.started_at)
        status = StatusAndHeaders(
            f"{exchange.status} {exchange.reason}".strip(), _response_headers(exchange), protocol=exchange.protocol
        )
        body = exchange.body
        if body is not None:
            body.seek(0)
        response_headers = {"WARC-Date": date}
        if exchange.address:
            response_headers["WARC-IP-Address"] = exchange.address
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=body,
            length=exchange.size if body is not None else 0,
            http_headers=status,
            warc_headers_dict=response_headers,
        )
        request = writer.create_warc_record(
            exchange.url,
            "request",
            http_headers=StatusAndHeaders(
                f"{exchange.method} {exchange.target} HTTP/1.1", list(exchange.request_headers), is_http_request=True
            ),
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        writer.write_record(response)
        writer.write_record(request)
    out.seek(0)
    return out
