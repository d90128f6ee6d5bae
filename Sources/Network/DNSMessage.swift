/// A DNS message (RFC 1035) with the parts berth's embedded server reads and writes: header,
/// questions and answers. Authority and additional records are skipped when decoding.
package struct DNSMessage: Sendable, Equatable {
    /// Record types berth answers.
    package enum RecordType {
        /// IPv4 address.
        package static let a: UInt16 = 1
        /// Domain name pointer (reverse lookups).
        package static let ptr: UInt16 = 12
        /// IPv6 address.
        package static let aaaa: UInt16 = 28
    }

    /// Response codes berth sends.
    package enum ResponseCode {
        /// No error.
        package static let noError: UInt16 = 0
        /// The query could not be parsed.
        package static let formatError: UInt16 = 1
        /// Upstream failed.
        package static let serverFailure: UInt16 = 2
        /// The name does not exist.
        package static let nameError: UInt16 = 3
        /// The query is refused.
        package static let refused: UInt16 = 5
    }

    /// One question: name, type and class.
    package struct Question: Sendable, Equatable {
        package var name: String
        package var type: UInt16
        package var recordClass: UInt16 = 1

        /// A question of class IN.
        package init(name: String, type: UInt16, recordClass: UInt16 = 1) {
            self.name = name
            self.type = type
            self.recordClass = recordClass
        }
    }

    /// One resource record with its raw data.
    package struct Record: Sendable, Equatable {
        package var name: String
        package var type: UInt16
        package var recordClass: UInt16 = 1
        package var ttl: UInt32
        package var data: [UInt8]

        /// An A or AAAA record for `address`.
        package static func address(_ name: String, _ address: IPAddress, ttl: UInt32 = 600) -> Record {
            Record(
                name: name, type: address.family == .v4 ? RecordType.a : RecordType.aaaa, ttl: ttl, data: address.bytes)
        }

        /// A PTR record pointing at `target`.
        package static func pointer(_ name: String, to target: String, ttl: UInt32 = 600) -> Record {
            Record(name: name, type: RecordType.ptr, ttl: ttl, data: DNSMessage.encodeName(target))
        }
    }

    package var id: UInt16
    /// The flags word: QR, opcode, AA, TC, RD, RA, rcode.
    package var flags: UInt16
    package var questions: [Question]
    package var answers: [Record]

    /// A message; see the properties.
    package init(id: UInt16, flags: UInt16, questions: [Question], answers: [Record] = []) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
    }

    /// The response code (low 4 bits of flags).
    package var responseCode: UInt16 { flags & 0xF }
    /// Whether this is a response.
    package var isResponse: Bool { flags & 0x8000 != 0 }

    /// An authoritative response to `query` with `code` and `answers`, recursion desired copied.
    package static func response(to query: DNSMessage, code: UInt16, answers: [Record] = []) -> DNSMessage {
        let flags: UInt16 = 0x8000 | (query.flags & 0x7800) | 0x0400 | (query.flags & 0x0100) | 0x0080 | code
        return DNSMessage(id: query.id, flags: flags, questions: query.questions, answers: answers)
    }

    /// The wire form (names uncompressed).
    package func encoded() -> [UInt8] {
        var out: [UInt8] = []
        for word in [id, flags, UInt16(questions.count), UInt16(answers.count), 0, 0] { out.appendU16(word) }
        for question in questions {
            out += Self.encodeName(question.name)
            out.appendU16(question.type)
            out.appendU16(question.recordClass)
        }
        for record in answers {
            out += Self.encodeName(record.name)
            out.appendU16(record.type)
            out.appendU16(record.recordClass)
            out.appendU16(UInt16(truncatingIfNeeded: record.ttl >> 16))
            out.appendU16(UInt16(truncatingIfNeeded: record.ttl))
            out.appendU16(UInt16(truncatingIfNeeded: record.data.count))
            out += record.data
        }
        return out
    }

    /// A name as length-prefixed labels (a trailing dot is optional).
    package static func encodeName(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        for label in name.split(separator: ".") {
            let bytes = Array(label.utf8.prefix(63))
            out.append(UInt8(bytes.count))
            out += bytes
        }
        out.append(0)
        return out
    }
}

extension [UInt8] {
    mutating func appendU16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }
}
