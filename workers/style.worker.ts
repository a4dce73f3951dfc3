/** The style worker: a StyleService exposed with the worker kit (browser and Node). */
import { exposeService } from './kit/expose';
import { StyleService } from './style-service';

exposeService((host) => new StyleService(host));
