/* A freestanding C program for the loader tests: initialised data, a large
 * zero-initialised array (.bss) and a function. Never executed. */
unsigned long counter = 0x1122334455667788ul;
unsigned char scratch[0x2000];
const char banner[] = "C firmware";

void _start(void)
{
    for (;;)
        scratch[counter++ & 0x1FFF] = (unsigned char)banner[0];
}
