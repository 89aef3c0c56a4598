// The item editor page's entry point: defines <flowcast-editor> and tells the host the page is ready.
import './editor-app';
import { host } from '../shared/host';

host.ready('editor');
