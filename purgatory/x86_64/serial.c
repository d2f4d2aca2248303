// SPDX-License-Identifier: GPL-2.0-only
/*
 * serial.c - polled output on a 16550 UART for purgatory's one message.
 *
 * The UART is reprogrammed to 115200 8N1 (FIFO on, interrupts off) because
 * nothing tells purgatory what the crashed kernel left there; 115200 is
 * what console=ttyS0 setups use in practice.  Waits for the transmitter
 * with a bounded spin, so a missing UART cannot hang purgatory before it
 * reaches its own halt.
 */
#include <stdint.h>

#include "purgatory.h"

#define UART_THR	0	/* transmit holding (DLAB=0) */
#define UART_DLL	0	/* divisor low (DLAB=1) */
#define UART_IER	1	/* interrupt enable (DLAB=0) */
#define UART_DLM	1	/* divisor high (DLAB=1) */
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define UART_LCR_DLAB	0x80
#define UART_LCR_8N1	0x03
#define UART_DIVISOR	1	/* 115200 baud from the 1.8432 MHz clock */
#define UART_SPIN	100000

static inline void outb(uint8_t v, uint16_t port)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void serial_init(unsigned int port)
{
	outb(0x00, port + UART_IER);
	outb(UART_LCR_DLAB, port + UART_LCR);
	outb(UART_DIVISOR & 0xff, port + UART_DLL);
	outb(UART_DIVISOR >> 8, port + UART_DLM);
	outb(UART_LCR_8N1, port + UART_LCR);
	outb(0x07, port + UART_FCR);	/* enable and clear both FIFOs */
	outb(0x03, port + UART_MCR);	/* DTR, RTS */
}

static void serial_putc(unsigned int port, char c)
{
	unsigned int spin;

	for (spin = 0; spin < UART_SPIN; spin++)
		if (inb(port + UART_LSR) & UART_LSR_THRE)
			break;
	outb((uint8_t)c, port + UART_THR);
}

void serial_puts(unsigned int port, const char *s)
{
	while (*s)
		serial_putc(port, *s++);
}
