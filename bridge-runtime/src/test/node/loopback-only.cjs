// Preloaded into test peers (node --require ./loopback-only.cjs ...). server-everything calls
// app.listen(PORT) without a host, which binds every interface, and its get-env tool would then
// show its environment to the network. This makes every listen() by port bind 127.0.0.1 only,
// and reports the port actually bound (PORT=0 picks a free one) as one line on standard error.
"use strict";
const net = require("node:net");

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const port = args[0];
  const byPort =
    typeof port === "number" || (typeof port === "string" && /^[0-9]+$/.test(port));
  if (byPort) {
    const callback = args.find((arg) => typeof arg === "function");
    this.once("listening", () => {
      const address = this.address();
      process.stderr.write(`test-peer listening on ${address.address}:${address.port}\n`);
    });
    return callback
      ? listen.call(this, { port: Number(port), host: "127.0.0.1" }, callback)
      : listen.call(this, { port: Number(port), host: "127.0.0.1" });
  }
  return listen.apply(this, args);
};
