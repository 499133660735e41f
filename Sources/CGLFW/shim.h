// GLFW 3 (windows, input, the OpenGL context) and the OpenGL 1.x API the viewer draws
// with (Debian: libglfw3-dev, libgl-dev).
#include <GL/gl.h>
#include <GLFW/glfw3.h>
