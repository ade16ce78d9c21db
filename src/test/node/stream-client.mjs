// Follows one Parley event stream with the npm `eventsource` package, a third-party EventSource, and prints
// what it sees as JSON lines on stdout, for ThirdPartyEventSourceTest to read:
//   {"request": {"lastEventId": "<the Last-Event-ID header sent, or null>"}}  each connection it makes
//   {"refused": {"status": n, "body": ...}}                                   an answer other than 200
//   {"state": "open"} / {"state": "error", "message": ..., "readyState": n}  the client's own events
//   {"type": ..., "lastEventId": ..., "data": ...}                           each event it dispatches
//
// Usage: node stream-client.mjs [--close-connections] <stream URL> [event type ...]; the session cookie in
// PARLEY_COOKIE (not an argument, which anyone on the machine could read in the process list). An EventSource
// only dispatches the types it listens for, so the types to listen for follow the URL. With
// --close-connections each request says `Connection: close`, so no reconnect reuses a kept-alive connection.
// It runs until stdin closes: the test ends it by closing its end, and it never outlives the test's JVM.
import {EventSource} from 'eventsource'

const args = process.argv.slice(2)
const closeConnections = args[0] === '--close-connections'
const [url, ...types] = closeConnections ? args.slice(1) : args
const cookie = process.env.PARLEY_COOKIE
if (!url || !cookie) {
  console.error('usage: PARLEY_COOKIE=<cookie> node stream-client.mjs [--close-connections] <stream URL> [event type ...]')
  process.exit(2)
}
const connection = closeConnections ? {Connection: 'close'} : {}

function print(line) {
  process.stdout.write(JSON.stringify(line) + '\n')
}

// The package's documented way to add request headers: a fetch of our own that it calls for every
// connection, the reconnects included.
const source = new EventSource(url, {
  fetch: (input, init) => {
    print({request: {lastEventId: init.headers['Last-Event-ID'] ?? null}})
    return fetch(input, {...init, headers: {...init.headers, ...connection, Cookie: cookie}}).then(async (response) => {
      // The client fails on any answer but 200 and says only its status: the refusal's text says why.
      if (response.status !== 200) {
        print({refused: {status: response.status, body: await response.clone().text()}})
      }
      return response
    })
  },
})

source.addEventListener('open', () => print({state: 'open'}))
source.addEventListener('error', (event) =>
  print({state: 'error', message: event.message ?? null, code: event.code ?? null, readyState: source.readyState}))
for (const type of new Set(['message', ...types])) {
  source.addEventListener(type, (event) => print({type: event.type, lastEventId: event.lastEventId, data: event.data}))
}

process.stdin.resume()
process.stdin.on('end', () => {
  source.close()
  process.exit(0)
})
