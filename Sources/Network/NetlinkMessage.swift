import CNetwork

#if canImport(Glibc)
    import Glibc
#endif

/// One rtnetlink request being built: a netlink header, a fixed family header, then attributes.
/// Integers are in host order, as netlink wants them.
struct NetlinkMessage {
    private(set) var bytes: [UInt8]

    /// Starts a message of `type` with `flags` and the family header `header` (e.g. an ifinfomsg).
    init(type: Int32, flags: Int32, header: [UInt8]) {
        bytes = []
        append(UInt32(0))  // length, set by `finished`
        append(UInt16(truncatingIfNeeded: type))
        append(UInt16(truncatingIfNeeded: flags | NLM_F_REQUEST))
        append(UInt32(0))  // sequence, set by `finished`
        append(UInt32(0))  // port id: the kernel
        bytes += header
        pad()
    }

    /// Appends an attribute with a raw payload.
    mutating func add(_ type: Int32, _ payload: [UInt8]) {
        append(UInt16(truncatingIfNeeded: 4 + payload.count))
        append(UInt16(truncatingIfNeeded: type))
        bytes += payload
        pad()
    }

    /// Appends a 32-bit attribute.
    mutating func add(_ type: Int32, u32 value: UInt32) {
        add(type, withUnsafeBytes(of: value) { Array($0) })
    }

    /// Appends a NUL-terminated string attribute.
    mutating func add(_ type: Int32, string: String) {
        add(type, Array(string.utf8) + [0])
    }

    /// Appends a nested attribute whose body `fill` writes (it may add attributes or raw bytes).
    mutating func nest(_ type: Int32, _ fill: (inout NetlinkMessage) -> Void) {
        let start = bytes.count
        append(UInt16(0))
        append(UInt16(truncatingIfNeeded: type))
        fill(&self)
        let length = UInt16(truncatingIfNeeded: bytes.count - start)
        bytes[start] = UInt8(truncatingIfNeeded: length)
        bytes[start + 1] = UInt8(truncatingIfNeeded: length >> 8)
    }

    /// Appends raw bytes (a nested family header such as veth's peer ifinfomsg), padded.
    mutating func raw(_ data: [UInt8]) {
        bytes += data
        pad()
    }

    /// The message with its length and `sequence` filled in.
    func finished(sequence: UInt32) -> [UInt8] {
        var out = bytes
        withUnsafeBytes(of: UInt32(out.count)) { out.replaceSubrange(0..<4, with: $0) }
        withUnsafeBytes(of: sequence) { out.replaceSubrange(8..<12, with: $0) }
        return out
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes += $0 }
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    /// An ifinfomsg: family, type, index, flags and the mask of flags to change.
    static func ifinfo(index: Int32 = 0, flags: UInt32 = 0, change: UInt32 = 0) -> [UInt8] {
        var header: [UInt8] = [UInt8(AF_UNSPEC), 0, 0, 0]
        withUnsafeBytes(of: index) { header += $0 }
        withUnsafeBytes(of: flags) { header += $0 }
        withUnsafeBytes(of: change) { header += $0 }
        return header
    }

    /// An ifaddrmsg for `address`/`prefix` on interface `index`.
    static func ifaddr(family: IPAddress.Family, prefix: Int, index: Int32) -> [UInt8] {
        var header: [UInt8] = [UInt8(family == .v4 ? AF_INET : AF_INET6), UInt8(prefix), 0, 0]
        withUnsafeBytes(of: UInt32(bitPattern: index)) { header += $0 }
        return header
    }

    /// An rtmsg for a unicast route in the main table.
    static func rtmsg(family: IPAddress.Family, destinationLength: Int) -> [UInt8] {
        let family = UInt8(family == .v4 ? AF_INET : AF_INET6)
        let table = UInt8(RT_TABLE_MAIN.rawValue)
        let proto = UInt8(RTPROT_BOOT)
        let scope = UInt8(RT_SCOPE_UNIVERSE.rawValue)
        return [family, UInt8(destinationLength), 0, 0, table, proto, scope, UInt8(RTN_UNICAST), 0, 0, 0, 0]
    }
}
