extension YAMLNode {
    /// Same content, wherever it was written (locations are ignored; mapping order matters not).
    package func isEquivalent(to other: YAMLNode) -> Bool {
        switch (kind, other.kind) {
        case (.null, .null):
            return true
        case (.scalar(let left), .scalar(let right)):
            return left == right
        case (.sequence(let left), .sequence(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isEquivalent(to: $1) }
        case (.mapping(let left), .mapping(let right)):
            guard left.count == right.count else { return false }
            return left.allSatisfy { entry in other[entry.key].map { entry.value.isEquivalent(to: $0) } ?? false }
        default:
            return false
        }
    }
}
