import Dispatch
import Glibc

extension APIServer {
    /// Blocks until the process gets SIGINT (Ctrl-C) or SIGTERM, then stops the server.
    ///
    /// For `audience serve`: start the server, print its URL, call this. The signals'
    /// default action is replaced for the whole process while it waits.
    public func waitUntilInterrupted() {
        let received = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            // Ignored at the C level so the dispatch source, not the default action, handles it.
            var ignore = sigaction()
            ignore.__sigaction_handler.sa_handler = SIG_IGN
            guard sigemptyset(&ignore.sa_mask) == 0, sigaction(signalNumber, &ignore, nil) == 0 else {
                preconditionFailure("APIServer.waitUntilInterrupted: sigaction(\(signalNumber), SIG_IGN) failed")
            }
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { received.signal() }
            source.resume()
            sources.append(source)
        }
        received.wait()
        for source in sources { source.cancel() }
        stop()
    }
}
