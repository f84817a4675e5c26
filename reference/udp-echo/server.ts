// Reference udp-echo server: sends every datagram back unchanged to its sender.
import { serveDatagrams } from '../lib/udp-server.js';

serveDatagrams((data) => data);
