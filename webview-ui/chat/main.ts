import './chat-app';
import { host } from '../shared/host';

// Listeners are installed by the imports above; now tell the host it may send.
host.ready('chat');
