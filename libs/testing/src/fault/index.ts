export { startTcpProxy, TcpProxy } from './tcp-proxy';
