import Foundation
import NIOCore
import NIOPosix

/// The process entry: makes NIO's event loops Swift concurrency's global executor, then runs `CCSD`.
///
/// On Linux the default global executor is Dispatch's worker pool, and the first job it runs starts a monitor
/// that wakes the process every second for as long as it lives. An idle daemon should wake only for the
/// watchdog; the event loops sleep in `epoll` until there is work. This must happen before any task runs on the
/// global executor, so before argument parsing.
@main
enum Entry {
    static func main() async {
        if !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            // Everything still works, on Dispatch's pool; only the idle wake-ups come back.
            FileHandle.standardError.write(
                Data("ccsd: warning: tasks run on Dispatch's worker pool, which wakes ccsd every second\n".utf8))
        }
        await CCSD.main()
    }
}
