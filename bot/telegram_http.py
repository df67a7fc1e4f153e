"""The HTTP client of the Bot API calls: PTB's httpx one, minus the client's own layers.

Every Bot API call but a file upload is a form-encoded POST that needs none of what
`httpx.AsyncClient.request` does around sending it (merging URLs, cookies, auth flows,
redirects, event hooks): those layers cost about a fifth of a millisecond of CPU per call,
three calls per typed report (getUpdates, the reply, the next prompt). `DirectRequest`
hands such a call to the client's transport for its URL (its connection pool, a proxy's
if one is configured), with the same timeouts and errors as PTB's `HTTPXRequest`; uploads
go the usual way.
"""

import logging
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData
from telegram.request._baserequest import BaseRequest

HTTPX_LOG = logging.getLogger("httpx")
FORM = "application/x-www-form-urlencoded"
BOT_CONNECTIONS = 256  # PTB's default pool for the calls other than getUpdates
POOL_TIMEOUT = ("Pool timeout: All connections in the connection pool are occupied. Request "
                "was *not* sent to Telegram. Consider adjusting the connection pool size or "
                "the pool timeout.")  # PTB's own words for it


class DirectRequest(HTTPXRequest):
    """PTB's HTTPXRequest whose form-encoded calls skip the httpx client's layers."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        client = self._client
        if (request_data is not None and request_data.contains_files) or client.is_closed:
            return await super().do_request(url, method, request_data, read_timeout,
                                            write_timeout, connect_timeout, pool_timeout)
        default = client.timeout
        timeout = httpx.Timeout(
            connect=default.connect if _unset(connect_timeout) else connect_timeout,
            read=default.read if _unset(read_timeout) else read_timeout,
            write=default.write if _unset(write_timeout) else write_timeout,
            pool=default.pool if _unset(pool_timeout) else pool_timeout)
        body = request_data.url_encoded_parameters().encode() if request_data else b""
        target = httpx.URL(url)
        request = httpx.Request(
            method, target, content=body,
            headers={"User-Agent": self.USER_AGENT, "Content-Type": FORM},
            extensions={"timeout": timeout.as_dict()})
        try:
            response = await client._transport_for_url(target).handle_async_request(request)
            try:
                content = await response.aread()
            finally:
                await response.aclose()
        except httpx.PoolTimeout as err:
            raise TimedOut(message=POOL_TIMEOUT) from err
        except httpx.TimeoutException as err:
            raise TimedOut from err
        except httpx.HTTPError as err:  # the base of httpx's errors: last
            raise NetworkError(f"httpx.{err.__class__.__name__}: {err}") from err
        if HTTPX_LOG.isEnabledFor(logging.INFO):  # the line httpx's client would log
            HTTPX_LOG.info('HTTP Request: %s %s "%s %d %s"', request.method, request.url,
                           response.http_version, response.status_code,
                           response.reason_phrase)
        return response.status_code, content


def _unset(value: Any) -> bool:
    return isinstance(value, type(BaseRequest.DEFAULT_NONE))
