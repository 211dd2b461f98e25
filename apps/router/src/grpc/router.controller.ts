import { Controller } from '@nestjs/common';
import { router } from '@gatehouse/contracts';
import { Observable } from 'rxjs';
import { RoutingService } from '../services/routing.service';

@Controller()
@router.RouterServiceControllerMethods()
export class RouterController implements router.RouterServiceController {
  constructor(private readonly routing: RoutingService) {}

  complete(request: router.CompleteRequest): Promise<router.CompleteResponse> {
    return this.routing.complete(request);
  }

  streamComplete(request: router.CompleteRequest): Observable<router.CompleteChunk> {
    return this.routing.streamComplete(request);
  }

  embed(request: router.EmbedRequest): Promise<router.EmbedResponse> {
    return this.routing.embed(request);
  }
}
