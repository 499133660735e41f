#if Viewer
import CGLFW
import Experiments
import Foundation
import Physics2D
import Tasks

/// The last error GLFW reported (its error callback cannot capture context).
nonisolated(unsafe) private var lastGLFWError = ""

/// One GLFW window with an OpenGL context: keys become `ViewControl`s, the cursor is
/// read each frame, and frames are drawn into the scene square and the heads-up band.
final class ViewerWindow {
    private let window: OpaquePointer
    private let input = Input()

    /// Keys typed since the last `takeControls`, in order.
    final class Input {
        var controls: [ViewControl] = []
    }

    /// `samples`: multisampling per pixel (0 turns anti-aliasing off).
    init(title: String, width: Int, height: Int, samples: Int, fixedClock: Bool) throws {
        glfwSetErrorCallback { _, description in
            lastGLFWError = description.map { String(cString: $0) } ?? "unknown error"
        }
        guard glfwInit() == GLFW_TRUE else {
            throw UserFacingError(LiveViewer.noDisplay("GLFW could not start: \(lastGLFWError)"))
        }
        glfwWindowHint(GLFW_SAMPLES, Int32(samples))
        glfwWindowHint(GLFW_STENCIL_BITS, 8)
        guard let window = glfwCreateWindow(Int32(width), Int32(height), title, nil, nil) else {
            glfwTerminate()
            throw UserFacingError(LiveViewer.noDisplay("no OpenGL window: \(lastGLFWError)"))
        }
        self.window = window
        glfwMakeContextCurrent(window)
        // A timed run draws as fast as it can; a live one waits for the display.
        glfwSwapInterval(fixedClock ? 0 : 1)
        glfwSetWindowUserPointer(window, Unmanaged.passUnretained(input).toOpaque())
        glfwSetCharCallback(window) { window, codepoint in
            guard let control = ViewerWindow.control(forCharacter: codepoint) else { return }
            ViewerWindow.input(of: window)?.controls.append(control)
        }
        glfwSetKeyCallback(window) { window, key, _, action, _ in
            guard key == GLFW_KEY_ESCAPE, action == GLFW_PRESS else { return }
            ViewerWindow.input(of: window)?.controls.append(.quit)
        }
        glEnable(GLenum(GL_MULTISAMPLE))
    }

    private static func input(of window: OpaquePointer?) -> Input? {
        glfwGetWindowUserPointer(window).map { Unmanaged<Input>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The control of a typed character (the keys of `ViewControl`, esc aside).
    static func control(forCharacter codepoint: UInt32) -> ViewControl? {
        guard let scalar = Unicode.Scalar(codepoint) else { return nil }
        let key = String(Character(scalar)).lowercased()
        return ViewControl.allCases.first { $0.key == key || ($0 == .pause && key == " ") }
    }

    var shouldClose: Bool { glfwWindowShouldClose(window) == GLFW_TRUE }

    func pollEvents() { glfwPollEvents() }

    func takeControls() -> [ViewControl] {
        defer { input.controls.removeAll() }
        return input.controls
    }

    /// The cursor in window coordinates, or nil outside the window.
    var cursor: (Double, Double)? {
        var x = 0.0, y = 0.0
        glfwGetCursorPos(window, &x, &y)
        var w: Int32 = 0, h: Int32 = 0
        glfwGetWindowSize(window, &w, &h)
        guard x >= 0, y >= 0, x < Double(w), y < Double(h) else { return nil }
        return (x, y)
    }

    var leftButtonHeld: Bool { glfwGetMouseButton(window, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS }

    /// Where things go in the framebuffer now (the window may have been resized).
    func layout(headsUpLines: Int) -> Layout {
        var fw: Int32 = 0, fh: Int32 = 0, ww: Int32 = 0, wh: Int32 = 0
        glfwGetFramebufferSize(window, &fw, &fh)
        glfwGetWindowSize(window, &ww, &wh)
        let scale = ww > 0 ? Double(fw) / Double(ww) : 1
        return Layout(width: Int(fw), height: Int(fh), windowScale: scale, headsUpLines: headsUpLines)
    }

    /// Clears the window and paints `list` into the scene square.
    func draw(_ list: DrawList, layout: Layout) {
        glViewport(0, 0, GLsizei(layout.width), GLsizei(layout.height))
        glDisable(GLenum(GL_SCISSOR_TEST))
        glClearColor(Float(Layout.band.r) / 255, Float(Layout.band.g) / 255, Float(Layout.band.b) / 255, 1)
        glClear(GLbitfield(GL_COLOR_BUFFER_BIT))
        guard layout.scene > 0 else { return }
        // GL counts rows from the bottom; the scene square sits at the top left.
        let y = GLint(layout.height - layout.scene), side = GLsizei(layout.scene)
        glViewport(0, y, side, side)
        glEnable(GLenum(GL_SCISSOR_TEST))
        glScissor(0, y, side, side)
        glMatrixMode(GLenum(GL_PROJECTION))
        glLoadIdentity()
        glOrtho(0, Layout.worldExtent, Layout.worldExtent, 0, -1, 1)  // y down, as the world
        glMatrixMode(GLenum(GL_MODELVIEW))
        glLoadIdentity()
        var painter = GLPainter(pixelsPerUnit: Double(layout.scene) / Layout.worldExtent)
        painter.draw(list)
        glDisable(GLenum(GL_SCISSOR_TEST))
    }

    /// The frame drawn so far (before the swap), top row first.
    func screenshot(layout: Layout) -> Canvas {
        let w = layout.width, h = layout.height
        var bytes = [UInt8](repeating: 0, count: w * h * 3)
        glPixelStorei(GLenum(GL_PACK_ALIGNMENT), 1)
        glReadBuffer(GLenum(GL_BACK))
        glReadPixels(0, 0, GLsizei(w), GLsizei(h), GLenum(GL_RGB), GLenum(GL_UNSIGNED_BYTE), &bytes)
        var canvas = Canvas(width: w, height: h)
        for row in 0..<h {
            let source = (h - 1 - row) * w * 3
            for x in 0..<w {
                let i = source + x * 3
                canvas[x, row] = RGB(bytes[i], bytes[i + 1], bytes[i + 2])
            }
        }
        return canvas
    }

    func swapBuffers() { glfwSwapBuffers(window) }

    func close() {
        glfwDestroyWindow(window)
        glfwTerminate()
    }
}

/// The window's parts in framebuffer pixels: the scene square at the top left (as large
/// as fits above the heads-up band) and the band below it.
struct Layout {
    /// World units across the scene square (the canvas's default extent: 512 for Push-T
    /// and Reach), so the window and the software renderer map the world alike.
    static let worldExtent = 512.0
    /// Colour of the band and of the space the square leaves.
    static let band = RGB(34, 38, 46)
    /// Framebuffer pixels per font pixel, and the height of a text line.
    static let fontScale = 2
    static var lineHeight: Int { (BitmapFont.rows + 2) * fontScale }

    let width: Int
    let height: Int
    /// Framebuffer pixels per window coordinate (2 on a high-density screen).
    let windowScale: Double
    /// Side of the scene square in pixels.
    let scene: Int

    init(width: Int, height: Int, windowScale: Double, headsUpLines: Int) {
        self.width = width
        self.height = height
        self.windowScale = windowScale
        let band = headsUpLines > 0 ? headsUpLines * Self.lineHeight + 10 : 0
        scene = max(0, min(width, height - band))
    }

    /// The world point under a window-coordinate cursor, or nil outside the scene square.
    func world(_ cursor: (Double, Double)) -> Vec2? {
        let x = cursor.0 * windowScale, y = cursor.1 * windowScale
        guard scene > 0, x < Double(scene), y < Double(scene) else { return nil }
        return Vec2(x, y) * (Self.worldExtent / Double(scene))
    }
}
#endif
