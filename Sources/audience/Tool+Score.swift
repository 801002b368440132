@preconcurrency import Glibc
import ArgumentParsing
import Foundation
import Workspace

extension Tool {
    static let scoreCommand = Command(
        name: "score",
        abstract: "Score a customers CSV with a saved similar-customers model, streaming any size of file.",
        discussion: """
            Writes customer_id,score,band,reasons. Memory is bounded by --batch, not by the file.
            When the model uses activity features, give the customers' activities with --activities (once per
            file; the columns of the workspace's activity source, as recorded in the model): they are read first
            into per-customer aggregates, whose memory grows with the customers in them, not the activities.
            A model that encodes measures reads each from a column named like it, or, without that column,
            computes it from --activities as the workspace does (distinct_count measures need their column).
            --shard I/N scores the I-th (1-based) of N hash partitions of the customer ids, so several
            machines can split one large file; together the shards score every customer once.
            Example: audience score --model shop/models/expansion-2.json --input new.csv --activities new-activities.csv --output scores.csv --top 1000
            """,
        options: [
            .value("model", placeholder: "FILE", help: "The model's .json file (in a workspace's models/ folder)."),
            .value("input", placeholder: "FILE", help: "The customers CSV, with the columns the model was trained on."),
            .repeated("activities", placeholder: "FILE", help: "An activities CSV of these customers (repeat for several files)."),
            .value("output", placeholder: "FILE", help: "The scores CSV to write (replaced when complete)."),
            .value("id", placeholder: "COLUMN", help: "The customer id column of the input (default: the workspace's)."),
            .value("threshold", placeholder: "SCORE", help: "Write only customers scoring at least this (0 to 1)."),
            .value("top", placeholder: "N", help: "Write only the N best customers, best first."),
            .value("shard", placeholder: "I/N", help: "Score only the I-th of N hash partitions of the ids."),
            .value("batch", placeholder: "ROWS", help: "Customers scored at a time.", default: "65536"),
            .flag("json", help: "Print the summary as JSON."),
        ],
        action: { parsed in
            var job = BatchScoring(
                model: URL(fileURLWithPath: try parsed.required("model")),
                input: URL(fileURLWithPath: try parsed.required("input")),
                output: URL(fileURLWithPath: try parsed.required("output")),
                activityFiles: parsed.strings("activities").map { URL(fileURLWithPath: $0) },
                idColumn: parsed.string("id"),
                batchSize: try parsed.requiredInt("batch", minimum: 1))
            if parsed.string("threshold") != nil && parsed.string("top") != nil {
                throw UsageError("give --threshold or --top, not both", commandPath: parsed.commandPath)
            }
            if let text = parsed.string("threshold") {
                guard let value = Double(text), (0...1).contains(value) else {
                    throw UsageError("--threshold expects a score from 0 to 1, got \"\(text)\"", commandPath: parsed.commandPath)
                }
                job.selection = .threshold(value)
            } else if let top = try parsed.int("top", minimum: 1) {
                job.selection = .top(top)
            }
            if let text = parsed.string("shard") {
                let parts = text.split(separator: "/").compactMap { Int($0) }
                guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
                    throw UsageError("--shard expects I/N with 1 ≤ I ≤ N, got \"\(text)\"", commandPath: parsed.commandPath)
                }
                job.shard = (parts[0] - 1, parts[1])
            }
            let bar = ProgressBar(label: "score")
            let summary = try job.run { bar.update($0) }
            bar.finish()
            for warning in summary.warnings { fputs("warning: \(warning)\n", stderr) }
            print(parsed.flag("json") ? try jsonText(summary) : summary.text)
            return ExitCode.success
        })
}
