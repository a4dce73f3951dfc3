/**
 * The live style worker: a StyleLiveService exposed with the worker kit (browser and Node).
 * The page starts two: one paints the live frames, the other trains.
 */
import { exposeService } from './kit/expose';
import { StyleLiveService } from './style-live-service';

exposeService((host) => new StyleLiveService(host));
