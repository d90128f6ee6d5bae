/// Placeholder until the schema validator lands.
package struct ComposeSchema: Sendable {}
