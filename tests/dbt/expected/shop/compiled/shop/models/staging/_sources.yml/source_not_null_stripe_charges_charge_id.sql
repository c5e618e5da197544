
    
    



select charge_id
from shop.stripe_data."StripeCharges"
where charge_id is null


