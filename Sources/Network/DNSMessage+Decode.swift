extension DNSMessage {
    /// Parses a wire message; nil when it is truncated or malformed.
    package init?(decoding bytes: [UInt8]) {
        var reader = DNSReader(bytes: bytes)
        guard let id = reader.u16(), let flags = reader.u16(), let questionCount = reader.u16(),
            let answerCount = reader.u16(), reader.u16() != nil, reader.u16() != nil
        else { return nil }
        var questions: [Question] = []
        for _ in 0..<questionCount {
            guard let name = reader.name(), let type = reader.u16(), let recordClass = reader.u16() else { return nil }
            questions.append(Question(name: name, type: type, recordClass: recordClass))
        }
        var answers: [Record] = []
        for _ in 0..<answerCount {
            guard let name = reader.name(), let type = reader.u16(), let recordClass = reader.u16(),
                let high = reader.u16(), let low = reader.u16(), let length = reader.u16(),
                let data = reader.bytes(Int(length))
            else { return nil }
            let ttl = UInt32(high) << 16 | UInt32(low)
            answers.append(Record(name: name, type: type, recordClass: recordClass, ttl: ttl, data: data))
        }
        self.init(id: id, flags: flags, questions: questions, answers: answers)
    }

    /// The target name of a PTR record's data inside `message` (compression allowed); for tests
    /// and clients that decode answers.
    package static func decodeName(_ data: [UInt8]) -> String? {
        var reader = DNSReader(bytes: data)
        return reader.name()
    }
}

/// A cursor over a DNS message, following compression pointers (bounded, so loops end).
private struct DNSReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func u16() -> UInt16? {
        guard offset + 2 <= bytes.count else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func name() -> String? {
        var labels: [String] = []
        var position = offset
        var jumped = false
        for _ in 0..<128 {
            guard position < bytes.count else { return nil }
            let length = Int(bytes[position])
            if length == 0 {
                if !jumped { offset = position + 1 }
                return labels.joined(separator: ".")
            }
            if length & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count else { return nil }
                if !jumped { offset = position + 2 }
                jumped = true
                position = (length & 0x3F) << 8 | Int(bytes[position + 1])
                continue
            }
            guard length <= 63, position + 1 + length <= bytes.count else { return nil }
            labels.append(String(decoding: bytes[(position + 1)...(position + length)], as: UTF8.self))
            position += 1 + length
        }
        return nil
    }
}
