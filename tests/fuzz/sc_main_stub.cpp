// libsystemc.so wants an sc_main; libFuzzer provides main() instead.
extern "C" int sc_main(int, char*[]) { return 0; }
