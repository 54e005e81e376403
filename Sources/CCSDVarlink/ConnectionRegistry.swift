import NIOCore
import Synchronization

/// Accepted connections not yet claimed by the accept loop.
///
/// A connection's `NIOAsyncChannel` is created when it is accepted, on its event loop, and waits in the
/// server channel's buffer until the accept loop takes it. If the server stops first, the buffer is
/// dropped, and a dropped `NIOAsyncChannel` that was never closed traps (its writer was never finished).
/// The registry keeps every such channel so the server can close the leftovers when it stops, and
/// refuses new ones after that.
final class ConnectionRegistry: Sendable {
    private struct State {
        var waiting: [ObjectIdentifier: NIOAsyncChannel<ConnectionInbound, ConnectionOutbound>] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// Creates the async channel with `make` and records it; `nil` once the server is stopping.
    func register(
        _ channel: any Channel,
        make: () throws -> NIOAsyncChannel<ConnectionInbound, ConnectionOutbound>
    ) throws -> NIOAsyncChannel<ConnectionInbound, ConnectionOutbound>? {
        try state.withLock { state in
            guard !state.closed else { return nil }
            let wrapped = try make()
            state.waiting[ObjectIdentifier(channel)] = wrapped
            return wrapped
        }
    }

    /// Takes a connection for serving; `false` if it was already closed by ``closeAll()``.
    func claim(_ channel: any Channel) -> Bool {
        state.withLock { $0.waiting.removeValue(forKey: ObjectIdentifier(channel)) != nil }
    }

    /// Refuses further connections and closes every one not yet claimed.
    func closeAll() async {
        let leftovers = state.withLock { state in
            state.closed = true
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for connection in leftovers {
            try? await connection.executeThenClose { _, _ in }
        }
    }
}

/// The server is stopping and takes no new connections.
struct ServerStopping: Error {}
