// UnixHTTPConnection lives in SocketHTTP (no Foundation, shared with QuickRun); the CLI sees it through APIClient.
@_exported import SocketHTTP
