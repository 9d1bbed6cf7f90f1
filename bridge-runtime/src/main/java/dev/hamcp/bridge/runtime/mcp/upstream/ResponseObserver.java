package dev.hamcp.bridge.runtime.mcp.upstream;

/** What a session learns of each HTTP answer its requests get, before the body is read. */
@FunctionalInterface
interface ResponseObserver {

    /**
     * @param call the number of the call the request belonged to, or -1
     * @param status the answer's HTTP status
     */
    void onResponse(long call, int status);
}
