// Reference udp-hello server: answers each datagram with `hello ` + its text, to its sender.
import { serveDatagrams } from '../lib/udp-server.js';

const HELLO = Buffer.from('hello ');
serveDatagrams((data) => Buffer.concat([HELLO, data]));
