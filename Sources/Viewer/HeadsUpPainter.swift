#if Viewer
import CGLFW
import Experiments
import Tasks

/// Draws text with `BitmapFont`: the heads-up lines in the band under the scene and, on
/// `h`, the list of keys over the scene.
struct HeadsUpPainter {
    static let text = RGB(225, 230, 235)
    static let helpBox = RGB(20, 24, 30)

    func draw(_ lines: [String], help: [String], layout: Layout) {
        glViewport(0, 0, GLsizei(layout.width), GLsizei(layout.height))
        glMatrixMode(GLenum(GL_PROJECTION))
        glLoadIdentity()
        glOrtho(0, Double(layout.width), Double(layout.height), 0, -1, 1)  // pixels, y down
        glMatrixMode(GLenum(GL_MODELVIEW))
        glLoadIdentity()
        glEnable(GLenum(GL_BLEND))
        glBlendFunc(GLenum(GL_SRC_ALPHA), GLenum(GL_ONE_MINUS_SRC_ALPHA))
        for (i, line) in lines.enumerated() {
            write(line, x: 8, y: layout.scene + 6 + i * Layout.lineHeight)
        }
        guard !help.isEmpty else { return }
        let columns = help.map(\.count).max() ?? 0
        let boxWidth = Double(columns * (BitmapFont.columns + 1) * Layout.fontScale + 24)
        let boxHeight = Double(help.count * Layout.lineHeight + 20)
        color(Self.helpBox, opacity: 0.85)
        rectangle(x: 12, y: 12, width: boxWidth, height: boxHeight)
        for (i, line) in help.enumerated() { write(line, x: 24, y: 22 + i * Layout.lineHeight) }
    }

    /// One line of text with its top-left corner at (x, y) in pixels.
    private func write(_ line: String, x: Int, y: Int) {
        color(Self.text, opacity: 1)
        let s = Double(Layout.fontScale)
        glBegin(GLenum(GL_QUADS))
        for (index, character) in line.enumerated() {
            let left = Double(x + index * (BitmapFont.columns + 1) * Layout.fontScale)
            for (column, row) in BitmapFont.glyph(character) {
                let px = left + Double(column) * s, py = Double(y) + Double(row) * s
                glVertex2d(px, py)
                glVertex2d(px + s, py)
                glVertex2d(px + s, py + s)
                glVertex2d(px, py + s)
            }
        }
        glEnd()
    }

    private func color(_ c: RGB, opacity: Double) {
        glColor4d(Double(c.r) / 255, Double(c.g) / 255, Double(c.b) / 255, opacity)
    }

    private func rectangle(x: Double, y: Double, width: Double, height: Double) {
        glBegin(GLenum(GL_QUADS))
        glVertex2d(x, y)
        glVertex2d(x + width, y)
        glVertex2d(x + width, y + height)
        glVertex2d(x, y + height)
        glEnd()
    }
}
#endif
