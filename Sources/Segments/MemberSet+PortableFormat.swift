// Validation of the portable roaring format before CRoaring reads untrusted bytes.
extension MemberSet {
    /// Checks bytes against the portable roaring format before CRoaring reads them.
    ///
    /// Layout: a cookie (`12346` followed by the container count, or `12347` with
    /// the count minus one in the high 16 bits followed by a bitset marking run
    /// containers); per container its key and cardinality minus one (16 bits
    /// each); 32-bit offsets of each container (omitted when there are run
    /// containers and fewer than 4 containers); then the containers: run
    /// (count, then start/length-minus-one pairs), array (up to 4096 sorted
    /// 16-bit values) or bitset (1024 64-bit words). Everything little-endian.
    struct PortableFormatValidator {
        let bytes: [UInt8]

        private static let cookieWithoutRuns: UInt32 = 12346
        private static let cookieWithRuns: UInt32 = 12347
        private static let noOffsetThreshold = 4
        private static let maximumArrayCardinality = 4096

        /// Validates the whole buffer; returns the number of members it holds.
        func validate() throws -> Int {
            var position = 0
            let cookie = try readUInt32(&position, "cookie")
            let containerCount: Int
            var runFlags: [UInt8] = []
            let hasRuns: Bool
            if cookie & 0xFFFF == Self.cookieWithRuns {
                hasRuns = true
                containerCount = Int(cookie >> 16) + 1
                let flagBytes = (containerCount + 7) / 8
                try need(flagBytes, at: position, "run container flags")
                runFlags = Array(bytes[position..<(position + flagBytes)])
                position += flagBytes
            } else if cookie == Self.cookieWithoutRuns {
                hasRuns = false
                containerCount = Int(try readUInt32(&position, "container count"))
            } else {
                throw MemberSetError(offset: 0, reason: "unknown format (cookie \(cookie))")
            }
            guard containerCount <= 1 << 16 else {
                throw MemberSetError(offset: 4, reason: "\(containerCount) containers, more than 65536")
            }

            var keys: [Int] = []
            var cardinalities: [Int] = []
            keys.reserveCapacity(containerCount)
            cardinalities.reserveCapacity(containerCount)
            for index in 0..<containerCount {
                let keyOffset = position
                let key = Int(try readUInt16(&position, "key of container \(index)"))
                if let previous = keys.last, key <= previous {
                    throw MemberSetError(offset: keyOffset, reason: "container keys are not increasing (\(previous) then \(key))")
                }
                keys.append(key)
                cardinalities.append(Int(try readUInt16(&position, "cardinality of container \(index)")) + 1)
            }

            var offsets: [Int]? = nil
            if !hasRuns || containerCount >= Self.noOffsetThreshold {
                var read: [Int] = []
                read.reserveCapacity(containerCount)
                for index in 0..<containerCount {
                    read.append(Int(try readUInt32(&position, "offset of container \(index)")))
                }
                offsets = read
            }

            var total = 0
            for index in 0..<containerCount {
                if let offsets, offsets[index] != position {
                    throw MemberSetError(
                        offset: position,
                        reason: "container \(index) declared at byte \(offsets[index]) but found at byte \(position)"
                    )
                }
                let isRun = hasRuns && runFlags[index / 8] & (1 << UInt8(index % 8)) != 0
                let cardinality = cardinalities[index]
                if isRun {
                    try validateRunContainer(index, cardinality: cardinality, at: &position)
                } else if cardinality <= Self.maximumArrayCardinality {
                    try validateArrayContainer(index, cardinality: cardinality, at: &position)
                } else {
                    try validateBitsetContainer(index, cardinality: cardinality, at: &position)
                }
                total += cardinality
            }
            guard position == bytes.count else {
                throw MemberSetError(offset: position, reason: "\(bytes.count - position) bytes after the last container")
            }
            return total
        }

        private func validateRunContainer(_ index: Int, cardinality: Int, at position: inout Int) throws {
            let runCount = Int(try readUInt16(&position, "run count of container \(index)"))
            try need(runCount * 4, at: position, "runs of container \(index)")
            var sum = 0
            var previousEnd = -1
            for _ in 0..<runCount {
                let runOffset = position
                let start = Int(try readUInt16(&position, "run start"))
                let length = Int(try readUInt16(&position, "run length")) + 1
                guard start > previousEnd, start + length <= 1 << 16 else {
                    throw MemberSetError(offset: runOffset, reason: "container \(index): runs overlap, are out of order or pass 65535")
                }
                previousEnd = start + length - 1
                sum += length
            }
            guard sum == cardinality else {
                throw MemberSetError(
                    offset: position,
                    reason: "container \(index): runs hold \(sum) values where the header declares \(cardinality)"
                )
            }
        }

        private func validateArrayContainer(_ index: Int, cardinality: Int, at position: inout Int) throws {
            try need(cardinality * 2, at: position, "values of container \(index)")
            var previous = -1
            for _ in 0..<cardinality {
                let valueOffset = position
                let value = Int(try readUInt16(&position, "value"))
                guard value > previous else {
                    throw MemberSetError(offset: valueOffset, reason: "container \(index): array values are not increasing")
                }
                previous = value
            }
        }

        private func validateBitsetContainer(_ index: Int, cardinality: Int, at position: inout Int) throws {
            let byteCount = 8192
            try need(byteCount, at: position, "bitset of container \(index)")
            var ones = 0
            for byte in bytes[position..<(position + byteCount)] {
                ones += byte.nonzeroBitCount
            }
            guard ones == cardinality else {
                throw MemberSetError(
                    offset: position,
                    reason: "container \(index): bitset holds \(ones) values where the header declares \(cardinality)"
                )
            }
            position += byteCount
        }

        /// Throws unless `count` bytes are available at `position`.
        private func need(_ count: Int, at position: Int, _ what: String) throws {
            guard count >= 0, position + count <= bytes.count else {
                throw MemberSetError(offset: position, reason: "truncated: \(what) needs \(count) bytes, \(bytes.count - position) left")
            }
        }

        private func readUInt16(_ position: inout Int, _ what: String) throws -> UInt16 {
            try need(2, at: position, what)
            defer { position += 2 }
            return UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
        }

        private func readUInt32(_ position: inout Int, _ what: String) throws -> UInt32 {
            try need(4, at: position, what)
            defer { position += 4 }
            return UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8
                | UInt32(bytes[position + 2]) << 16 | UInt32(bytes[position + 3]) << 24
        }
    }
}
