/** tresty's etcd v3 client (JSON gateway), for the sidecar and for apps' Node code. */
export { etcdClient, prefixEnd, EtcdError, type EtcdClient, type EtcdOptions, type KeyValue, type WatchEvent, type Watcher } from './client.ts'
