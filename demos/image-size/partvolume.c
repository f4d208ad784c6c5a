/* A tiny C extension: the kind of code that needs a compiler at build time and none at run time. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *volume(PyObject *self, PyObject *args) {
    double x, y, z;
    if (!PyArg_ParseTuple(args, "ddd", &x, &y, &z))
        return NULL;
    return PyFloat_FromDouble(x * y * z);
}

static PyMethodDef methods[] = {
    {"volume", volume, METH_VARARGS, "Volume of a block of x by y by z cm, in cm3."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "partvolume", NULL, -1, methods};

PyMODINIT_FUNC PyInit_partvolume(void) { return PyModule_Create(&module); }
