// knn-bench: exact cosine top-k of the LinearAlgebra module against raw sgemm on the same shape.
//
// Generates normalised Gaussian-cluster data (deterministic for a seed), writes
// it as raw little-endian float32 so the FAISS side reads the same bytes, then
// prints one line per figure: `name value`. Times are medians over --reps runs.
import LinearAlgebra
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

struct Options {
    var n = 1_000_000
    var d = 64
    var q = 10_000
    var k = 10
    var reps = 3
    var clusters = 1_000
    var seed: UInt64 = 42
    var dataDir: String?
    var recallQueries = 100
    var compareStrategies = true
    var queryBlockRows = 256
    var databaseBlockRows = 1024
    var sweep = false
    var votes = false
    var embedding: String?
}

func usage() -> Never {
    let text = """
    usage: knn-bench [--n N] [--d D] [--q Q] [--k K] [--reps R] [--clusters C] [--seed S]
                     [--data-dir DIR] [--recall-queries M] [--no-strategies]
                     [--query-block B] [--database-block B] [--sweep]
      --data-dir DIR   also write DIR/base_d<D>.f32 and DIR/queries_d<D>.f32 (raw float32, row-major)
      --sweep          time a few tile sizes instead of the full report
      --votes          time the k-NN vote (markedNeighborCounts, 5 % of the rows marked) instead,
                       e.g. --votes --n 2048 --q 1000000 --d 42 --k 25 (the shape of scoring 1M customers)
      --embedding FILE with --votes: real rows (raw float32, --d columns, as 'audience similar
                       --export-embedding' writes them): every row is a query, every (rows/n)-th row indexed
    """
    fputs(text + "\n", stderr)
    exit(2)
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    func value(_ name: String) -> String {
        guard let v = args.popFirst() else {
            fputs("knn-bench: \(name) needs a value\n", stderr)
            usage()
        }
        return v
    }
    func int(_ name: String) -> Int {
        let v = value(name)
        guard let i = Int(v), i >= 0 else {
            fputs("knn-bench: \(name) \"\(v)\" is not a non-negative integer\n", stderr)
            usage()
        }
        return i
    }
    while let a = args.popFirst() {
        switch a {
        case "--n": o.n = int(a)
        case "--d": o.d = int(a)
        case "--q": o.q = int(a)
        case "--k": o.k = int(a)
        case "--reps": o.reps = max(1, int(a))
        case "--clusters": o.clusters = max(1, int(a))
        case "--seed": o.seed = UInt64(int(a))
        case "--data-dir": o.dataDir = value(a)
        case "--recall-queries": o.recallQueries = int(a)
        case "--no-strategies": o.compareStrategies = false
        case "--query-block": o.queryBlockRows = max(1, int(a))
        case "--database-block": o.databaseBlockRows = max(1, int(a))
        case "--sweep": o.sweep = true
        case "--votes": o.votes = true
        case "--embedding": o.embedding = value(a)
        case "--help", "-h": usage()
        default:
            fputs("knn-bench: unknown option \"\(a)\"\n", stderr)
            usage()
        }
    }
    return o
}

/// Rows drawn around `clusters` random centres, then L2-normalised.
func clusteredData(rows: Int, dimension d: Int, centres: Matrix<Float>, seed: UInt64) -> Matrix<Float> {
    var rng = SeededGenerator(seed: seed)
    let spread = 0.35
    var m = Matrix<Float>(rows: rows, columns: d)
    m.withUnsafeMutableBufferPointer { p in
        for i in 0..<rows {
            let c = Int(rng.next() % UInt64(centres.rows))
            for j in 0..<d {
                p[i * d + j] = centres[c, j] + Float(spread * rng.nextGaussian())
            }
        }
    }
    return CosineIndex.normalized(m)
}

func writeRaw(_ m: Matrix<Float>, to path: String) {
    guard let f = fopen(path, "wb") else {
        fputs("knn-bench: cannot open \(path) for writing: \(String(cString: strerror(errno)))\n", stderr)
        exit(1)
    }
    defer { fclose(f) }
    let written = m.withUnsafeBufferPointer { fwrite($0.baseAddress, 4, $0.count, f) }
    guard written == m.elements.count else {
        fputs("knn-bench: short write to \(path)\n", stderr)
        exit(1)
    }
}

/// Rows of raw little-endian float32 with `columns` columns.
func readRaw(_ path: String, columns: Int) -> Matrix<Float> {
    guard let f = fopen(path, "rb") else {
        fputs("knn-bench: cannot open \(path): \(String(cString: strerror(errno)))\n", stderr)
        exit(1)
    }
    defer { fclose(f) }
    fseek(f, 0, SEEK_END)
    let rows = ftell(f) / (4 * columns)
    fseek(f, 0, SEEK_SET)
    var m = Matrix<Float>(rows: rows, columns: columns)
    let read = m.withUnsafeMutableBufferPointer { fread($0.baseAddress, 4, $0.count, f) }
    guard read == rows * columns else {
        fputs("knn-bench: short read from \(path)\n", stderr)
        exit(1)
    }
    return m
}

func seconds(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    let elapsed = clock.measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// Processor time of the whole process so far (every thread), which a busy neighbour disturbs less than wall time.
func processorSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func report(_ name: String, _ value: Double, _ digits: Int = 1) {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    print("\(name) \((value * scale).rounded() / scale)")
    fflush(stdout)
}

/// Raw `sgemm` on the search's shape (Q × d times d × N), timed in column chunks of N so C fits in memory.
func rawSgemmSeconds(queries: Matrix<Float>, base: Matrix<Float>, chunk: Int, threads: Int) -> Double {
    let saved = BLAS.threadCount
    BLAS.threadCount = threads
    defer { BLAS.threadCount = saved }
    var c = Matrix<Float>(rows: queries.rows, columns: min(chunk, base.rows))
    return seconds {
        var start = 0
        while start < base.rows {
            let width = min(chunk, base.rows - start)
            if width != c.columns { c = Matrix(rows: queries.rows, columns: width) }
            BLAS.gemm(queries, base.rows(start..<(start + width)), transposingB: true, into: &c)
            start += width
        }
    }
}

/// Raw `sgemm` with the search's own tiling and threads but no selection: the ceiling of the fused search.
func tiledSgemmSeconds(queries: Matrix<Float>, base: Matrix<Float>, options: SearchOptions, threads: Int) -> Double {
    let saved = BLAS.threadCount
    BLAS.threadCount = 1
    defer { BLAS.threadCount = saved }
    let blockRows = options.queryBlockRows
    let blocks = (queries.rows + blockRows - 1) / blockRows
    return seconds {
        let counter = BlockCounter(total: blocks)
        var workers: [pthread_t] = []
        for _ in 0..<threads {
            let context = Unmanaged.passRetained(TiledWork(queries: queries, base: base, blockRows: blockRows,
                                                           tileColumns: options.databaseBlockRows, counter: counter))
            var thread = pthread_t()
            let rc = pthread_create(&thread, nil, tiledWorker, context.toOpaque())
            precondition(rc == 0, "tiledSgemmSeconds: pthread_create returned \(rc)")
            workers.append(thread)
        }
        for t in workers {
            let rc = pthread_join(t, nil)
            precondition(rc == 0, "tiledSgemmSeconds: pthread_join returned \(rc)")
        }
    }
}

final class BlockCounter: @unchecked Sendable {  // reason: the counter is only touched under its mutex
    private var next = 0
    private var lock = pthread_mutex_t()
    let total: Int
    init(total: Int) {
        self.total = total
        let rc = pthread_mutex_init(&lock, nil)
        precondition(rc == 0, "BlockCounter.init: pthread_mutex_init returned \(rc)")
    }
    deinit { pthread_mutex_destroy(&lock) }
    func take() -> Int? {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        guard next < total else { return nil }
        next += 1
        return next - 1
    }
}

final class TiledWork {
    let queries: Matrix<Float>, base: Matrix<Float>, blockRows: Int, tileColumns: Int, counter: BlockCounter
    init(queries: Matrix<Float>, base: Matrix<Float>, blockRows: Int, tileColumns: Int, counter: BlockCounter) {
        self.queries = queries; self.base = base; self.blockRows = blockRows
        self.tileColumns = tileColumns; self.counter = counter
    }
    func run() {
        var tile = Matrix<Float>(rows: blockRows, columns: tileColumns)
        while let block = counter.take() {
            let rows = min(blockRows, queries.rows - block * blockRows)
            let qView = queries.rows((block * blockRows)..<(block * blockRows + rows))
            var start = 0
            while start < base.rows {
                let width = min(tileColumns, base.rows - start)
                if tile.rows != rows || tile.columns != width { tile = Matrix(rows: rows, columns: width) }
                BLAS.gemm(qView, base.rows(start..<(start + width)), transposingB: true, into: &tile)
                start += width
            }
        }
    }
}

func tiledWorker(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let work = Unmanaged<TiledWork>.fromOpaque(context!).takeRetainedValue()
    work.run()
    return nil
}

/// Fraction of the naive top-k found, counting an id as found when its similarity ties the naive k-th within 1e-5.
func recall(result: NeighborResult, queries: Matrix<Float>, base: Matrix<Float>, k: Int, sample: Int) -> Double {
    let d = base.columns
    var found = 0, total = 0
    let step = max(1, queries.rows / max(1, sample))
    var q = 0
    var sims = [Double](repeating: 0, count: base.rows)
    while q < queries.rows && total < sample * k {
        base.withUnsafeBufferPointer { b in
            queries.withUnsafeBufferPointer { qs in
                for i in 0..<base.rows {
                    var s = 0.0
                    for j in 0..<d { s += Double(qs[q * d + j]) * Double(b[i * d + j]) }
                    sims[i] = s
                }
            }
        }
        // Partial selection: keep the k best (similarity descending, lower id first) in a small sorted array.
        var order: [Int] = []
        for i in sims.indices {
            if order.count == k, let last = order.last, !(sims[i] > sims[last]) { continue }
            var at = order.count
            while at > 0 && sims[order[at - 1]] < sims[i] { at -= 1 }
            order.insert(i, at: at)
            if order.count > k { order.removeLast() }
        }
        guard let last = order.last else { break }
        let kth = sims[last]
        let ours = result.ids(ofQuery: q)
        let naive = Set(order)
        for id in ours where naive.contains(id) || sims[id] >= kth - 1e-5 { found += 1 }
        total += k
        q += step
    }
    return total == 0 ? 1 : Double(found) / Double(total)
}

let o = parseOptions()
var centreRng = SeededGenerator(seed: o.seed)
let centres = Matrix<Float>(rows: o.clusters, columns: o.d) { _, _ in Float(centreRng.nextGaussian()) }
let base = clusteredData(rows: o.n, dimension: o.d, centres: centres, seed: o.seed &+ 1)
let queries = clusteredData(rows: o.q, dimension: o.d, centres: centres, seed: o.seed &+ 2)
if let dir = o.dataDir {
    writeRaw(base, to: "\(dir)/base_d\(o.d).f32")
    writeRaw(queries, to: "\(dir)/queries_d\(o.d).f32")
}
let index = CosineIndex(normalizedVectors: base)
let threads = max(1, BLAS.processorCount)
let flops = 2.0 * Double(o.n) * Double(o.q) * Double(o.d)
print("config n=\(o.n) d=\(o.d) q=\(o.q) k=\(o.k) threads=\(threads) openblas=\"\(BLAS.configuration)\"")

if o.votes {
    var voteIndex = index, voteQueries = queries
    if let path = o.embedding {
        let rows = readRaw(path, columns: o.d)
        let stride = max(1, rows.rows / max(1, o.n))
        voteQueries = rows
        voteIndex = CosineIndex(vectors: Matrix(rows: min(o.n, rows.rows), columns: o.d) { i, j in rows[i * stride, j] })
    }
    // One row in 20 marked, as a source of 5 % of the customers is in a scoring model's neighbour set.
    let marked = (0..<voteIndex.count).map { $0 % 20 == 0 }
    var voteTimes: [Double] = [], voteCPUTimes: [Double] = [], sgemmTimes: [Double] = []
    var checksum = 0
    for _ in 0..<o.reps {
        let cpuBefore = processorSeconds()
        voteTimes.append(seconds {
            checksum = Int(voteIndex.markedNeighborCounts(to: voteQueries, count: o.k, marked: marked).marked.reduce(0, +))
        })
        voteCPUTimes.append(processorSeconds() - cpuBefore)
        sgemmTimes.append(tiledSgemmSeconds(queries: voteQueries, base: voteIndex.vectors,
                                             options: SearchOptions(parallelism: .splitQueryBlocks(threads: threads)),
                                             threads: threads))
    }
    report("votes_marked_total", Double(checksum), 0)
    report("votes_seconds", median(voteTimes), 3)
    report("votes_processor_seconds", median(voteCPUTimes), 3)
    report("sgemm_alone_seconds", median(sgemmTimes), 3)
    report("votes_over_sgemm", median(voteTimes) / median(sgemmTimes), 2)
    exit(0)
}

if o.sweep {
    let shapes = [(128, 1024), (128, 4096), (256, 512), (256, 1024), (256, 2048), (512, 512), (512, 1024), (512, 2048), (1024, 1024)]
    var times = [[Double]](repeating: [], count: shapes.count)
    for _ in 0..<o.reps {
        for (i, shape) in shapes.enumerated() {
            let opts = SearchOptions(parallelism: .splitQueryBlocks(threads: threads),
                                     queryBlockRows: shape.0, databaseBlockRows: shape.1)
            times[i].append(seconds { _ = index.nearest(to: queries, count: o.k, options: opts) })
        }
    }
    for (i, shape) in shapes.enumerated() {
        report("sweep_qb\(shape.0)_nb\(shape.1)_gflops", flops / median(times[i]) / 1e9)
    }
    exit(0)
}

let options = SearchOptions(parallelism: .splitQueryBlocks(threads: threads),
                            queryBlockRows: o.queryBlockRows, databaseBlockRows: o.databaseBlockRows)
var result = index.nearest(to: queries, count: o.k, options: options)
// Interleave the contenders rep by rep so the noise of a shared machine hits them alike.
var searchTimes: [Double] = [], blasThreadTimes: [Double] = [], bigTimes: [Double] = [], tiledTimes: [Double] = []
let blasOptions = SearchOptions(parallelism: .openBLASThreads(threads), queryBlockRows: 1024, databaseBlockRows: 4096)
for _ in 0..<o.reps {
    searchTimes.append(seconds { result = index.nearest(to: queries, count: o.k, options: options) })
    tiledTimes.append(tiledSgemmSeconds(queries: queries, base: base, options: options, threads: threads))
    bigTimes.append(rawSgemmSeconds(queries: queries, base: base, chunk: 4096, threads: threads))
    if o.compareStrategies {
        blasThreadTimes.append(seconds { _ = index.nearest(to: queries, count: o.k, options: blasOptions) })
    }
}
let searchTime = median(searchTimes)
if o.compareStrategies {
    report("audience_openblas_threads_qps", Double(o.q) / median(blasThreadTimes))
}
let sgemmBig = median(bigTimes)
let sgemmTiled = median(tiledTimes)
let searchGflops = flops / searchTime / 1e9
let sgemmGflops = max(flops / sgemmBig, flops / sgemmTiled) / 1e9
report("audience_qps", Double(o.q) / searchTime)
report("audience_search_gflops", searchGflops)
report("sgemm_openblas_threaded_gflops", flops / sgemmBig / 1e9)
report("sgemm_tiled_split_gflops", flops / sgemmTiled / 1e9)
report("sgemm_gflops", sgemmGflops)
report("percent_of_sgemm", 100 * searchGflops / sgemmGflops)
if o.recallQueries > 0 {
    report("recall", recall(result: result, queries: queries, base: base, k: o.k, sample: o.recallQueries), 4)
}
